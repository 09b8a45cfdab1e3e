/** A partner's systems and their API keys (admin token). */
package com.volcanion.tracking.api.system;
