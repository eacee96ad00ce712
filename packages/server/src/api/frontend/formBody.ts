import { requestHeader } from '../../http/lazyRequest.js';
import { fail } from '../../http/serverErrors.js';

// Clerk's browser SDK sends every body as application/x-www-form-urlencoded, one field per parameter, objects
// as JSON text.

/** A form body's fields: 400 for another content type or a field given twice. */
export function formFields(contentType: string | null, text: string): Record<string, string> {
  if (contentType !== null && !/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    fail({ code: 'request_body_invalid', message: 'request body is invalid', longMessage: 'The Frontend API takes an application/x-www-form-urlencoded body.' });
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(fields, name)) {
      fail({ code: 'request_body_invalid', message: `${name} is repeated`, longMessage: `${name} must appear once.`, meta: { param_name: name } });
    }
    fields[name] = value;
  }
  return fields;
}

/** The form fields of a request's body. */
export async function requestFormFields(context: { readonly request: Request; bodyText(): Promise<string> }): Promise<Record<string, string>> {
  return formFields(requestHeader(context.request, 'content-type'), await context.bodyText());
}
