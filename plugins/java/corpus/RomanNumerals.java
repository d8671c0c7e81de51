public class RomanNumerals {
    private static final int[] VALUES = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    private static final String[] SYMBOLS = {
        "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"
    };

    static String toRoman(int number) {
        if (number <= 0 || number >= 4000) {
            throw new IllegalArgumentException("out of range: " + number);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < VALUES.length; i++) {
            while (number >= VALUES[i]) {
                number -= VALUES[i];
                out.append(SYMBOLS[i]);
            }
        }
        return out.toString();
    }

    static int fromRoman(String roman) {
        int total = 0;
        int previous = 0;
        for (int i = roman.length() - 1; i >= 0; i--) {
            int value = switch (roman.charAt(i)) {
                case 'I' -> 1;
                case 'V' -> 5;
                case 'X' -> 10;
                case 'L' -> 50;
                case 'C' -> 100;
                case 'D' -> 500;
                case 'M' -> 1000;
                default -> throw new IllegalArgumentException("bad digit in " + roman);
            };
            total += value < previous ? -value : value;
            previous = value;
        }
        return total;
    }

    public static void main(String[] args) {
        for (int n : new int[] {4, 9, 14, 1994, 2024}) {
            String roman = toRoman(n);
            System.out.println(n + " = " + roman + " = " + fromRoman(roman));
        }
    }
}
