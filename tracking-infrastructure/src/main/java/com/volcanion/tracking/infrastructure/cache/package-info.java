/**
 * Redis: API-key credentials by key hash, statistics answers and the generations that invalidate them, rate-limit
 * buckets, and the one circuit breaker of the one Redis they share. Redis being down slows the service down and
 * lifts rate limits; it never fails a request.
 */
package com.volcanion.tracking.infrastructure.cache;
