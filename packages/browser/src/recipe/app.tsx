// The page the browser test renders the recipe in: @clerk/react's provider given clerk-js itself, so nothing is
// downloaded from Clerk's CDN, pointed at the local server by the page's query (?pk=…&proxy=…).
import { Clerk } from '@clerk/clerk-js';
import { ClerkProvider } from '@clerk/react';
import { createRoot } from 'react-dom/client';
import { OptimisticTheme } from './OptimisticTheme.js';

const query = new URLSearchParams(location.search);
const publishableKey = query.get('pk')!;
const proxyUrl = query.get('proxy')!;
const clerk = new Clerk(publishableKey, { proxyUrl });
(window as unknown as { Clerk: Clerk }).Clerk = clerk;

createRoot(document.getElementById('root')!).render(
  <ClerkProvider Clerk={clerk} publishableKey={publishableKey} proxyUrl={proxyUrl} telemetry={false}>
    <OptimisticTheme />
  </ClerkProvider>,
);
