/** API keys: generation, checksum, hashing and constant-time comparison. Plain Java. */
package com.volcanion.tracking.domain.apikey;
