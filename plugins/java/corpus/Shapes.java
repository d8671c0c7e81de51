import java.util.List;

public class Shapes {
    sealed interface Shape permits Circle, Rectangle, Triangle {
        double area();
    }

    record Circle(double radius) implements Shape {
        public double area() {
            return Math.PI * radius * radius;
        }
    }

    record Rectangle(double width, double height) implements Shape {
        Rectangle {
            if (width < 0 || height < 0) {
                throw new IllegalArgumentException("negative side");
            }
        }

        public double area() {
            return width * height;
        }
    }

    record Triangle(double base, double height) implements Shape {
        public double area() {
            return base * height / 2;
        }
    }

    static String describe(Shape shape) {
        if (shape instanceof Circle c) {
            return "circle of radius " + c.radius();
        } else if (shape instanceof Rectangle r && r.width() == r.height()) {
            return "square of side " + r.width();
        }
        return shape.getClass().getSimpleName().toLowerCase();
    }

    public static void main(String[] args) {
        List<Shape> shapes = List.of(new Circle(1), new Rectangle(2, 2), new Triangle(3, 4));
        double total = 0;
        for (Shape shape : shapes) {
            total += shape.area();
            System.out.println(describe(shape) + ": " + shape.area());
        }
        System.out.printf("total %.2f%n", total);
    }
}
