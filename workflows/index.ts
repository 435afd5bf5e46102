export { dossierWorkflow } from './dossier';
export { calendarChangeWorkflow } from './calendar-change';
export { destinationWorkflow, dossierDeliveryWorkflow } from './destination';
