/**
 * JSON Schema (draft 2020-12) through networknt's json-schema-validator, with no remote fetching: the checker of
 * partner schemas, the validator of event properties with its per-partner cache of compiled schemas, and the signal
 * that evicts that cache on every node when a partner's structures change.
 */
package com.volcanion.tracking.infrastructure.schema;
