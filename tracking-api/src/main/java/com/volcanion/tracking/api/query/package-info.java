/** The query API (admin token): events from the read model, page by page, and statistics. */
package com.volcanion.tracking.api.query;
