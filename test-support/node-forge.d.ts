// node-forge ships no types and the tests use a few of its calls (postgres-tls.js makes the test CA and certificates).
declare module 'node-forge'
