package io.github.hipaas3.testing.gen;

import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of test values from a seeded {@link Random}: the same seed gives the same values,
 * so a failing case is reproduced by its seed and index (no shrinking).
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface Gen<T> {
  /**
   * The next value.
   *
   * @param random the source of randomness
   * @return the value
   */
  T next(Random random);

  /**
   * Values mapped through a function.
   *
   * @param f the function
   * @param <R> the mapped type
   * @return the generator
   */
  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    return r -> f.apply(next(r));
  }

  /**
   * Values that pass a filter (a filter that rejects almost everything is a test bug).
   *
   * @param keep the filter
   * @return the generator
   */
  default Gen<T> filter(Predicate<? super T> keep) {
    return r -> {
      for (int i = 0; i < 10_000; i++) {
        T v = next(r);
        if (keep.test(v)) {
          return v;
        }
      }
      throw new IllegalStateException("the filter rejected 10,000 values in a row");
    };
  }

  /**
   * Lists of these values.
   *
   * @return the list generator (size 0 to 255 unless set)
   */
  default ListGen<T> list() {
    return new ListGen<>(this, 0, 255);
  }
}
