export interface Product {
  sku: string;
  name: string;
  price: number;
  tags: string[];
}

interface StockLine {
  product: Product;
  quantity: number;
}

export class Inventory {
  private readonly lines = new Map<string, StockLine>();

  add(product: Product, quantity = 1): void {
    const line = this.lines.get(product.sku);
    if (line) {
      line.quantity += quantity;
    } else {
      this.lines.set(product.sku, { product, quantity });
    }
  }

  remove(sku: string, quantity = 1): boolean {
    const line = this.lines.get(sku);
    if (!line || line.quantity < quantity) {
      return false;
    }
    line.quantity -= quantity;
    if (line.quantity === 0) {
      this.lines.delete(sku);
    }
    return true;
  }

  value(): number {
    let total = 0;
    this.lines.forEach(({ product, quantity }) => {
      total += product.price * quantity;
    });
    return Math.round(total * 100) / 100;
  }

  byTag(tag: string): Product[] {
    return [...this.lines.values()]
      .map((line) => line.product)
      .filter((product) => product.tags.includes(tag));
  }
}

const inventory = new Inventory();
inventory.add({ sku: "A1", name: "Pen", price: 1.5, tags: ["office"] }, 10);
inventory.add({ sku: "B2", name: "Mug", price: 8, tags: ["kitchen", "office"] });
inventory.remove("A1", 3);
console.log(inventory.value(), inventory.byTag("office").map((p) => p.name));
