export { dossierWorkflow } from './dossier';
