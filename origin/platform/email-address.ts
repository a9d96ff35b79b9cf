/** Email addresses as the origin stores and compares them: trimmed and lower-cased. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();
