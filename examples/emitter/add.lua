-- emitter.add(): integers in, an integer out.
print(emitter.add(2, 40))
--> 42
