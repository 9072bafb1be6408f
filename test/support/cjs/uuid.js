// CommonJS stand-in for the ESM-only uuid, which office-addin-mock requires.
const { randomUUID } = require("node:crypto");
module.exports = { v4: () => randomUUID() };
