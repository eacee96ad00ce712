/**
 * The permissions of Clerk's two system roles, as its roles-and-permissions guide describes them and
 * `@clerk/shared` types them (`OrganizationSystemPermissionKey`): an admin has every system permission, a
 * member may read the members and nothing more.
 */
const systemRolePermissions: Readonly<Record<string, readonly string[]>> = {
  'org:admin': [
    'org:sys_domains:manage',
    'org:sys_domains:read',
    'org:sys_memberships:manage',
    'org:sys_memberships:read',
    'org:sys_profile:delete',
    'org:sys_profile:manage',
  ],
  'org:member': ['org:sys_memberships:read'],
};

/**
 * The permissions a membership with `role` has. A custom role has those its definition in Clerk's dashboard
 * grants; this server keeps no role definitions, so a custom role has none.
 */
export function rolePermissions(role: string): string[] {
  return Object.hasOwn(systemRolePermissions, role) ? [...systemRolePermissions[role]!] : [];
}
