"""The documents (PDF) and workbooks (xlsx) made from one grant, one organisation or a period:
each reads the apps' own selectors, scoped to the user, and asks their visibility rules."""
