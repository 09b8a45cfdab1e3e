/** Secrets handed to clients (API keys, partner tokens): their shape, checksum and hash. Plain Java. */
package com.volcanion.tracking.domain.credential;
