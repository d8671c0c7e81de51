#include <iostream>
#include <sstream>
#include <stack>
#include <stdexcept>
#include <string>

double evaluate(const std::string& expression) {
    std::istringstream tokens(expression);
    std::stack<double> operands;
    std::string token;
    while (tokens >> token) {
        if (token == "+" || token == "-" || token == "*" || token == "/") {
            if (operands.size() < 2) {
                throw std::runtime_error("not enough operands for " + token);
            }
            double right = operands.top();
            operands.pop();
            double left = operands.top();
            operands.pop();
            switch (token[0]) {
                case '+': operands.push(left + right); break;
                case '-': operands.push(left - right); break;
                case '*': operands.push(left * right); break;
                default: operands.push(left / right); break;
            }
        } else {
            operands.push(std::stod(token));
        }
    }
    if (operands.size() != 1) {
        throw std::runtime_error("malformed expression");
    }
    return operands.top();
}

int main() {
    for (const char* expression : {"3 4 + 2 *", "5 1 2 + 4 * + 3 -", "1 +"}) {
        try {
            std::cout << expression << " = " << evaluate(expression) << "\n";
        } catch (const std::exception& error) {
            std::cout << expression << ": " << error.what() << "\n";
        }
    }
    return 0;
}
