/** Event structures: the JSON Schemas a partner's events are checked against. */
package com.volcanion.tracking.application.structure;
