import java.util.Arrays;
import java.util.Locale;

public class TextStats {
    private static final String VOWELS = "aeiou";

    private TextStats() {
    }

    static int vowels(String text) {
        int count = 0;
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (VOWELS.indexOf(c) >= 0) {
                count++;
            }
        }
        return count;
    }

    static boolean isPalindrome(String text) {
        String letters = text.replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
        int i = 0;
        int j = letters.length() - 1;
        while (i < j) {
            if (letters.charAt(i++) != letters.charAt(j--)) {
                return false;
            }
        }
        return true;
    }

    static String longestWord(String text) {
        return Arrays.stream(text.split("\\W+"))
                .reduce("", (best, word) -> word.length() > best.length() ? word : best);
    }

    public static void main(String[] args) {
        String[] samples = {"A man, a plan, a canal: Panama", "Hello world", "Was it a car or a cat I saw"};
        for (String sample : samples) {
            System.out.printf("%-32s vowels=%d palindrome=%b longest=%s%n",
                    sample, vowels(sample), isPalindrome(sample), longestWord(sample));
        }
    }
}
