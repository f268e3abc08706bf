/**
 * The forms-charting area's face: what other areas may use of it (its declarations and table types). Its
 * assembly, with behaviour bound, is ./area.ts, which only areas/all.ts imports.
 */
export {
  AppointmentFormAnswerGroupConnection,
  ChartingNoteAddendum,
  CompletedOnboardingItem,
  CustomModule,
  CustomModuleForm,
  FormAnswer,
  FormAnswerGroup,
  FormAnswerGroupSigning,
  GeneratedFormAnswerGroup,
  RequestedFormCompletion,
  type FormsChartingTables,
} from './resources.js';
