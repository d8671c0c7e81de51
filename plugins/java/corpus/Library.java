import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

abstract class Media {
    protected final String title;
    protected final int year;

    Media(String title, int year) {
        this.title = title;
        this.year = year;
    }

    abstract String kind();

    String label() {
        return String.format("%s '%s' (%d)", kind(), title, year);
    }
}

class Book extends Media {
    private final String author;

    Book(String title, int year, String author) {
        super(title, year);
        this.author = author;
    }

    @Override
    String kind() {
        return "book";
    }

    @Override
    String label() {
        return super.label() + " by " + author;
    }
}

class Film extends Media {
    private final int minutes;

    Film(String title, int year, int minutes) {
        super(title, year);
        this.minutes = minutes;
    }

    @Override
    String kind() {
        return "film";
    }

    int minutes() {
        return minutes;
    }
}

public class Library {
    private final List<Media> shelf = new ArrayList<>();

    void add(Media media) {
        shelf.add(media);
    }

    List<Media> sortedByYear() {
        List<Media> copy = new ArrayList<>(shelf);
        copy.sort(Comparator.comparingInt((Media m) -> m.year).thenComparing(m -> m.title));
        return copy;
    }

    public static void main(String[] args) {
        Library library = new Library();
        library.add(new Book("Dune", 1965, "Herbert"));
        library.add(new Film("Alien", 1979, 117));
        library.add(new Book("Emma", 1815, "Austen"));
        for (Media media : library.sortedByYear()) {
            System.out.println(media.label());
        }
    }
}
