/** A partner's systems: registering them, changing them and rotating their API keys. */
package com.volcanion.tracking.application.system;
