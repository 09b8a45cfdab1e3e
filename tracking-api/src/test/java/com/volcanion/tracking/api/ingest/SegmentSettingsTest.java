package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.config.TrackingProperties;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The address analytics.js's settings name, from {@code tracking.public-url} (behind a proxy) or the request. */
class SegmentSettingsTest {

    @Test
    void namesTheHostPortAndPathPrefixWithoutTheScheme() {
        assertThat(SegmentController.apiHost(URI.create("https://track.example"))).isEqualTo("track.example/v1");
        assertThat(SegmentController.apiHost(URI.create("https://track.example/"))).isEqualTo("track.example/v1");
        assertThat(SegmentController.apiHost(URI.create("http://10.0.0.5:8443/tracking//")))
                .isEqualTo("10.0.0.5:8443/tracking/v1");
    }

    @Test
    void refusesAPublicUrlThatIsNotAnHttpAddress() {
        for (String wrong : new String[]{"track.example", "ftp://track.example", "https:///v1", "https://t.example/?a=1"}) {
            assertThatThrownBy(() -> new TrackingProperties(null, new TrackingProperties.RateLimit(1000),
                    URI.create(wrong), new TrackingProperties.Metrics(true)))
                    .as(wrong).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tracking.public-url");
        }
        assertThat(new TrackingProperties(null, new TrackingProperties.RateLimit(1000),
                URI.create("https://track.example/base"), new TrackingProperties.Metrics(true)).publicUrl())
                .hasHost("track.example");
    }
}
