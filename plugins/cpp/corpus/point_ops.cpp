#include <cmath>
#include <iostream>

struct Point {
    double x = 0;
    double y = 0;

    Point operator+(const Point& other) const { return {x + other.x, y + other.y}; }
    Point operator*(double factor) const { return {x * factor, y * factor}; }
    double length() const { return std::hypot(x, y); }
};

std::ostream& operator<<(std::ostream& out, const Point& point) {
    return out << "(" << point.x << ", " << point.y << ")";
}

int main() {
    Point a{3, 4};
    Point b{1, -1};
    Point c = a + b * 2.0;
    std::cout << a << " + 2 * " << b << " = " << c << "\n";
    std::cout << "length of a: " << a.length() << "\n";
    return 0;
}
