// A deep copy through JSON, as a value crossing Office's or InterAction's wire would be: fakes hand out and keep copies.

export const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));
