package com.volcanion.tracking.infrastructure.readmodel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HyperLogLogTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000})
    void estimatesDistinctCountsWithinFourStandardErrors(int distinct) {
        HyperLogLog sketch = new HyperLogLog();
        for (int i = 0; i < distinct; i++) {
            sketch.add("user-" + i);
            sketch.add("user-" + i); // repeats do not count
        }

        double tolerance = Math.max(1, 4 * 0.0163 * distinct);
        assertThat((double) sketch.estimate()).isCloseTo(distinct, within(tolerance));
    }

    @Test
    void mergesToTheCountOfTheUnion() {
        HyperLogLog monday = new HyperLogLog();
        HyperLogLog tuesday = new HyperLogLog();
        for (int i = 0; i < 30_000; i++) {
            monday.add("u-" + i);
            tuesday.add("u-" + (i + 20_000));
        }

        monday.merge(tuesday);

        assertThat((double) monday.estimate()).isCloseTo(50_000, within(4 * 0.0163 * 50_000));
    }

    @Test
    void survivesItsStoredFormSparseAndDense() {
        HyperLogLog small = new HyperLogLog();
        HyperLogLog large = new HyperLogLog();
        for (int i = 0; i < 20; i++) {
            small.add("s-" + i);
        }
        for (int i = 0; i < 50_000; i++) {
            large.add("l-" + i);
        }

        assertThat(small.toBytes()).hasSizeLessThan(100);
        assertThat(HyperLogLog.fromBytes(small.toBytes()).estimate()).isEqualTo(small.estimate());
        assertThat(HyperLogLog.fromBytes(large.toBytes()).estimate()).isEqualTo(large.estimate());
    }
}
