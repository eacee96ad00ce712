import { membershipResource } from './membershipResource.js';
import { organizationResource } from './organizationResource.js';
import type { ResourceDescriptor } from './resourceDescriptor.js';
import { userResource } from './userResource.js';

/** The kinds the console shows, in the order of its navigation. */
export const resourceDescriptors: readonly ResourceDescriptor[] = [userResource, organizationResource, membershipResource];
