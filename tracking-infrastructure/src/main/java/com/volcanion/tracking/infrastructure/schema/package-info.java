/** JSON Schema (draft 2020-12) support through networknt's json-schema-validator, with no remote fetching. */
package com.volcanion.tracking.infrastructure.schema;
