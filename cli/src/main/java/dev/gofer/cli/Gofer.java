package dev.gofer.cli; public class Gofer { public static void main(String[] a){} }
