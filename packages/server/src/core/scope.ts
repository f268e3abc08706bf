/**
 * Who a request acts as, and which tenants it may see: its organization and that organization's
 * sub-organizations. Every read and write is limited to the scope.
 */
export interface Caller {
  readonly userId: number;
  readonly organizationId: number;
  /** The sign-in session the request presented (signIn / signUp), when it did not present an API key. */
  readonly session?: { readonly id: number; readonly state: 'active' | 'verifying' };
  /** The request presented no credential (signIn, signUp): `userId` and `organizationId` name nothing. */
  readonly anonymous?: boolean;
}

/** The caller's organization id followed by its sub-organizations' ids. */
export type TenantScope = readonly number[];
