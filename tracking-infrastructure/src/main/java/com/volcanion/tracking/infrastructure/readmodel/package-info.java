/**
 * The read side: the projector that copies committed write-side events into the denormalized read model and
 * the hourly statistics in one transaction, the queries over them, and the statistics cache.
 */
package com.volcanion.tracking.infrastructure.readmodel;
