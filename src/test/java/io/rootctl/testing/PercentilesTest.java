package io.rootctl.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  /** 1..100 shuffled: with nearest rank, the p-th percentile of 1..100 is p itself. */
  private static final double[] ONE_TO_HUNDRED =
      IntStream.rangeClosed(1, 100).map(i -> (i * 37) % 100 + 1).asDoubleStream().toArray();

  @Test
  void theNearestRankOfAHundredSamplesIsTheRankItself() {
    var p = new Percentiles(ONE_TO_HUNDRED);
    assertThat(p.at(50)).isEqualTo(50.0);
    assertThat(p.at(95)).isEqualTo(95.0);
    assertThat(p.at(100)).isEqualTo(100.0);
    assertThat(p.max()).isEqualTo(100.0);
    assertThat(p.count()).isEqualTo(100);
  }

  @Test
  void aPercentileIsAlwaysOneOfTheSamplesRoundedUpNeverInterpolated() {
    var p = new Percentiles(new double[] {4.0, 1.0, 3.0, 2.0});
    assertThat(p.at(50)).isEqualTo(2.0); // rank ceil(2.0) = 2
    assertThat(p.at(51)).isEqualTo(3.0); // rank ceil(2.04) = 3
    assertThat(p.at(95)).isEqualTo(4.0);
    assertThat(p.at(0.1)).isEqualTo(1.0); // rank ceil(0.004) = 1
  }

  @Test
  void theSamplesPassedInAreNotReordered() {
    var samples = new double[] {3.0, 1.0, 2.0};
    new Percentiles(samples).at(50);
    assertThat(samples).containsExactly(3.0, 1.0, 2.0);
  }

  @Test
  void noSamplesOrAPercentileOutsideZeroToHundredIsRefused() {
    assertThatThrownBy(() -> new Percentiles(new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
    var p = new Percentiles(new double[] {1.0});
    assertThatThrownBy(() -> p.at(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.at(100.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.at(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
