/** Turns every failure into an RFC 9457 problem+json answer with the request's correlation id. */
package com.volcanion.tracking.api.error;
