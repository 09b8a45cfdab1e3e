/**
 * The read side: the projector that copies committed write-side events into the denormalized read model, the hourly
 * statistics and the unique-user sketches in one transaction, the queries over them, and the renames that rewrite
 * names already projected. (The statistics cache is Redis's, in {@code infrastructure.cache}.)
 */
package com.volcanion.tracking.infrastructure.readmodel;
