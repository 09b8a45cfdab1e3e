/** Data lifecycle use cases: GDPR deletions and the suppressions they leave (docs/api.md, "Data lifecycle"). */
package com.volcanion.tracking.application.lifecycle;
