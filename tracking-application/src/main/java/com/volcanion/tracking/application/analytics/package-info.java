/**
 * Product analytics over persons: funnels, retention cohorts and sessions, exact (no sampling), from the read side,
 * cached like statistics. A person is a userId with every anonymousId linked to it, resolved when the question is
 * asked, so a late identify applies to earlier events.
 */
package com.volcanion.tracking.application.analytics;
