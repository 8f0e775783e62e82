// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a memory size as the kernel's {@code memparse()} does for {@code mem=}: a number of
 * bytes with an optional binary suffix K, M, G or T ({@code 896M}, {@code 2G}, {@code 4g}).
 */
final class MemorySizeConverter implements ITypeConverter<Long> {
  private static final Pattern SIZE = Pattern.compile("(\\d+)([KMGT]?)(?:I?B)?");

  @Override
  public Long convert(String value) {
    Matcher m = SIZE.matcher(value.strip().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException(
          "'" + value + "' is not a memory size: give bytes or a number with K, M, G or T (896M, 2G)");
    }
    int shift = switch (m.group(2)) {
      case "K" -> 10;
      case "M" -> 20;
      case "G" -> 30;
      case "T" -> 40;
      default -> 0;
    };
    try {
      long n = Long.parseLong(m.group(1));
      if (n == 0) {
        throw new TypeConversionException("'" + value + "': memory must be larger than 0");
      }
      if (n > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is too large a memory size");
    }
  }
}
