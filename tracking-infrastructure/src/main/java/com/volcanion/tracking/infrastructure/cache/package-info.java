/**
 * Redis caches: API-key credentials by key hash, and the cross-node signals that evict what a change makes
 * stale. Redis being down slows the service down; it never fails a request.
 */
package com.volcanion.tracking.infrastructure.cache;
