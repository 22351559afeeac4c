-- struct.size(): the bytes pack() makes; struct { char b; int i[4]; } aligned to 4.
print(struct.size("<!4bi4i4i4i4"))
print(struct.size(">I2I4"))
--> 20
--> 6
