export { simClusterYaml } from '../../scripts/manifests/simClusterYaml';
