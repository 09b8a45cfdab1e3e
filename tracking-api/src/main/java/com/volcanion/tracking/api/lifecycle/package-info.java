/** The data lifecycle endpoints: GDPR deletions and suppressions (docs/api.md, "Data lifecycle"). */
package com.volcanion.tracking.api.lifecycle;
