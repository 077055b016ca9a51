/**
 * The registration view of shared/searchAttributes.ts: attribute name -> the type name the CLI's
 * `--search-attribute Name=Type` flag and `temporal operator search-attribute create` accept.
 * Derived, never listed twice, so workflows cannot upsert a key the server was not told about.
 */
import type { SearchAttributeType } from '@temporalio/common';
import { ALL_SEARCH_ATTRIBUTE_KEYS } from '../../shared/searchAttributes';

export type CliSearchAttributeType =
  | 'Keyword'
  | 'Text'
  | 'Int'
  | 'Double'
  | 'Bool'
  | 'Datetime'
  | 'KeywordList';

const CLI_TYPE: Record<SearchAttributeType, CliSearchAttributeType> = {
  KEYWORD: 'Keyword',
  TEXT: 'Text',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

export const CAPSTAN_SEARCH_ATTRIBUTES: Readonly<Record<string, CliSearchAttributeType>> = Object.freeze(
  Object.fromEntries(ALL_SEARCH_ATTRIBUTE_KEYS.map((k) => [k.name, CLI_TYPE[k.type]])),
);

/** `--search-attribute Name=Type` pairs for `temporal server start-dev`. */
export function searchAttributeFlags(): string[] {
  return Object.entries(CAPSTAN_SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
    '--search-attribute',
    `${name}=${type}`,
  ]);
}
