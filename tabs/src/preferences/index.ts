export { FieldsPage } from './fields-page';
export { IntegrationPage } from './integration-page';
