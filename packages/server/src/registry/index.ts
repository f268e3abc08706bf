/** The resource registry: declare resources with these, and write special handlers with the operations. */
export {
  bool,
  coerce,
  date,
  datetime,
  email,
  enumOf,
  float,
  foreignId,
  int,
  json,
  money,
  ref,
  text,
  type AnyField,
  type DefaultContext,
  type Field,
} from './fields.js';
export {
  accountDefault,
  area,
  inputType,
  resource,
  type DeclaredInput,
  type AnyResource,
  type Area,
  type BeforeUnit,
  type ByIdSpec,
  type Computed,
  type ExtraSource,
  type HasMany,
  type InputTypes,
  type ListArg,
  type ListSpec,
  type OrderKey,
  type MutationHooks,
  type MutationSpec,
  type RecordChange,
  type Resource,
  type ResourceExtension,
  type SpecialMutation,
} from './resource.js';
export { buildRegistry, type Registry } from './registry.js';
export {
  createRecord,
  deleteRecord,
  deleteRow,
  emitFor,
  findRow,
  insertRow,
  label,
  requireRow,
  standardMutation,
  updateRecord,
  updateRow,
  validateInput,
} from './operations.js';
export {
  countRows,
  decodeCursor,
  encodeCursor,
  equals,
  idFilterPair,
  idIn,
  keywordsIn,
  listRows,
  manyRows,
  MAX_PAGE_SIZE,
  whereIdIn,
} from './queries.js';
export { runMutation, type MutationDeps, type MutationOutcome } from './run.js';
export { syncRegistryTables, type TableChange } from './tables.js';
export type { Reader, StoredRow, Work } from './resource.js';
// What handlers use with the registry, from the layer every other shares.
export { fail, ValidationFailure, within, type FieldError } from '../core/field-errors.js';
export { parseId, parseIdList } from '../core/ids.js';
export type { Caller } from '../core/scope.js';
export { typedDb, typedTransaction, type BaseColumns, type TableOf, type TablesOf } from './typed.js';
export { internalRoute, recordAnswer, type InternalRoute } from './internal-route.js';
export {
  createInternal,
  given,
  RecordNotFound,
  requireInScope,
  requireRefs,
  updateInternal,
} from './internal-writes.js';
export { fieldErrors, parseInput } from './input-schemas.js';
export {
  internalFor,
  last,
  mutate,
  TriggerRefused,
  uniqueEmail,
  type AreaTriggers,
  type Creator,
  type InputHint,
  type Payload,
  type Recipe,
  type TriggerContext,
  type UpdateHint,
} from './trigger-kit.js';
