import { useUser } from '@clerk/react';
import { frontendReadableMetadataFields, frontendWritableMetadataFields } from '@metadata-semantics/core';
import { createOptimisticMetadataStore } from '@metadata-semantics/optimistic';
import { useEffect, useMemo, useSyncExternalStore } from 'react';

type UserResource = NonNullable<ReturnType<typeof useUser>['user']>;

/** The signed-in user's theme, changed at once and rolled back when Clerk refuses the change. */
export function OptimisticTheme() {
  const { user } = useUser();
  return user ? <ThemeButton user={user} /> : <p>Signed out</p>;
}

function ThemeButton({ user }: { user: UserResource }) {
  // One store per user, starting from what Clerk has; the fields the Frontend API lets a user read and write.
  const store = useMemo(
    () => createOptimisticMetadataStore(user, { fields: frontendReadableMetadataFields, writableFields: frontendWritableMetadataFields }),
    [user.id],
  );
  // Clerk hands out a new user object whenever its client changes: a confirmed state, with pending changes kept on top.
  useEffect(() => store.receive(user), [store, user]);
  const metadata = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const theme = (metadata.unsafeMetadata as { theme?: string }).theme ?? 'light';

  async function toggle() {
    const params = { unsafeMetadata: { theme: theme === 'dark' ? 'light' : 'dark' } };
    const id = store.apply({ kind: 'update', params });
    try {
      store.settle(id, await user.updateMetadata(params));
    } catch {
      store.fail(id);
    }
  }
  return <button onClick={toggle}>Theme: {theme}</button>;
}
