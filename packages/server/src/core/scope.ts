/**
 * Who a request acts as, and which tenants it may see: its organization and that organization's
 * sub-organizations. Every read and write is limited to the scope.
 */
export interface Caller {
  readonly userId: number;
  readonly organizationId: number;
}

/** The caller's organization id followed by its sub-organizations' ids. */
export type TenantScope = readonly number[];
