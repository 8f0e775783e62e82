// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.scenario.explore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the JSON that {@code Json} writes, for merging reports: objects, arrays, scalars. */
final class JsonReader {
  private final String s;
  private int i;

  private JsonReader(String s) {
    this.s = s;
  }

  /** The JSON object of {@code text}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String text) {
    JsonReader r = new JsonReader(text);
    Object v = r.value();
    r.blank();
    if (!(v instanceof Map) || r.i != text.length()) {
      throw new IllegalArgumentException("not one JSON object");
    }
    return (Map<String, Object>) v;
  }

  static String string(Map<String, Object> o, String key) {
    return (String) get(o, key, String.class);
  }

  static long number(Map<String, Object> o, String key) {
    return ((Number) get(o, key, Number.class)).longValue();
  }

  static double decimal(Map<String, Object> o, String key) {
    return ((Number) get(o, key, Number.class)).doubleValue();
  }

  static boolean bool(Map<String, Object> o, String key) {
    return (Boolean) get(o, key, Boolean.class);
  }

  static List<?> list(Map<String, Object> o, String key) {
    return (List<?>) get(o, key, List.class);
  }

  private static Object get(Map<String, Object> o, String key, Class<?> type) {
    Object v = o.get(key);
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException("'" + key + "' is missing or not a "
          + type.getSimpleName().toLowerCase(java.util.Locale.ROOT));
    }
    return v;
  }

  private Object value() {
    blank();
    if (i >= s.length()) {
      throw error("a value");
    }
    char c = s.charAt(i);
    if (c == '{') {
      i++;
      Map<String, Object> m = new LinkedHashMap<>();
      blank();
      if (peek('}')) {
        return m;
      }
      do {
        blank();
        if (i >= s.length() || s.charAt(i) != '"') {
          throw error("a key");
        }
        String k = string();
        blank();
        expect(':');
        m.put(k, value());
        blank();
      } while (peek(','));
      expect('}');
      return m;
    }
    if (c == '[') {
      i++;
      List<Object> l = new ArrayList<>();
      blank();
      if (peek(']')) {
        return l;
      }
      do {
        l.add(value());
        blank();
      } while (peek(','));
      expect(']');
      return l;
    }
    if (c == '"') {
      return string();
    }
    for (String word : new String[] {"true", "false", "null"}) {
      if (s.startsWith(word, i)) {
        i += word.length();
        return word.equals("null") ? null : Boolean.valueOf(word);
      }
    }
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    String num = s.substring(start, i);
    if (num.isEmpty()) {
      throw error("a value");
    }
    return num.matches("-?\\d+") ? (Object) Long.valueOf(num) : (Object) Double.valueOf(num);
  }

  private String string() {
    StringBuilder sb = new StringBuilder();
    i++;
    while (i < s.length() && s.charAt(i) != '"') {
      char c = s.charAt(i++);
      if (c == '\\') {
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
    expect('"');
    return sb.toString();
  }

  private void blank() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private boolean peek(char c) {
    if (i < s.length() && s.charAt(i) == c) {
      i++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("'" + c + "'");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("bad JSON at character " + (i + 1) + ": expected " + what);
  }
}
