/** A partner's event structures: the JSON Schemas its events are validated against (admin token). */
package com.volcanion.tracking.api.structure;
