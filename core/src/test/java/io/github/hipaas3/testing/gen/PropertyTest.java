package io.github.hipaas3.testing.gen;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test run over generated cases: {@code tries} cases, each drawing one value per
 * parameter from the generator methods named in {@code value} (no-argument methods of the test
 * class returning a {@link Gen}; {@code "anyString"} and {@code "anyLong"} name the defaults).
 * The values come from a {@link java.util.Random} seeded with the hash of the test's class and
 * method name, or with the system property {@code hipaas3.seed}, so every run draws the same
 * cases and a failure names its case number, seed and values (no shrinking).
 *
 * <p>It is one JUnit test that runs its cases in a loop ({@link PropertyExtension}), rather
 * than a {@code @ParameterizedTest} with one reported test per case: the 48,000 cases of the
 * property tests would otherwise cost about 30 seconds of per-test reporting alone.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(PropertyExtension.class)
public @interface PropertyTest {
  /**
   * How many cases.
   *
   * @return the number of cases
   */
  int tries();

  /**
   * The generator methods, one per parameter, in order.
   *
   * @return their names
   */
  String[] value();
}
