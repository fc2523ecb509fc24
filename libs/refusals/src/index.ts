/** The refusal contract between workflows and HTTP: a procedure's refusal as a typed Temporal failure, and its one reading on the HTTP side (status, code, field, both languages). */
export * from './refusal';
