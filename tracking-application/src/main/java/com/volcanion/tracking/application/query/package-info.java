/** The analytics side: events from the read model, page by page, and statistics from its aggregates. */
package com.volcanion.tracking.application.query;
