import java.util.HashMap;
import java.util.Map;

public class Inventory {
    public static class OutOfStockException extends Exception {
        private static final long serialVersionUID = 1L;

        public OutOfStockException(String sku, int wanted, int available) {
            super(sku + ": wanted " + wanted + ", only " + available + " left");
        }
    }

    private final Map<String, Integer> stock = new HashMap<>();
    private final Map<String, Double> prices = new HashMap<>();

    public void restock(String sku, int quantity, double price) {
        stock.merge(sku, quantity, Integer::sum);
        prices.put(sku, price);
    }

    public double order(String sku, int quantity) throws OutOfStockException {
        int available = stock.getOrDefault(sku, 0);
        if (available < quantity) {
            throw new OutOfStockException(sku, quantity, available);
        }
        stock.put(sku, available - quantity);
        return quantity * prices.get(sku);
    }

    public int available(String sku) {
        return stock.getOrDefault(sku, 0);
    }

    public static void main(String[] args) {
        Inventory inventory = new Inventory();
        inventory.restock("pen", 10, 1.5);
        inventory.restock("pad", 2, 4.0);
        try {
            System.out.println("paid " + inventory.order("pen", 4));
            System.out.println("paid " + inventory.order("pad", 3));
        } catch (OutOfStockException error) {
            System.out.println("failed: " + error.getMessage());
        } finally {
            System.out.println("pens left: " + inventory.available("pen"));
        }
    }
}
